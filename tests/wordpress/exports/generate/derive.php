<?php
/**
 * Derives the two broken files from the real exports:
 *   malformed.xml          humas-kota.xml cut off in the middle of an <item>
 *   unknown-namespace.xml  plain-permalinks.xml with the wp: namespace URI
 *                          changed from http://wordpress.org/export/1.2/
 *                          to http://wordpress.org/export/9.9/
 * Args: the exports directory.
 */
$dir = rtrim( $argv[1], '/' );

$xml = file_get_contents( "$dir/humas-kota.xml" );
// Cut in the middle of the body of post 9 (inside its <item>, inside the
// CDATA section), on a UTF-8 character boundary.
$id_pos = strpos( $xml, '<wp:post_id>9</wp:post_id>' );
$start  = strrpos( substr( $xml, 0, $id_pos ), '<content:encoded><![CDATA[' );
$pos    = $start + 300;
while ( ( ord( $xml[ $pos ] ) & 0xC0 ) === 0x80 ) { // UTF-8 continuation byte
	$pos--;
}
file_put_contents( "$dir/malformed.xml", substr( $xml, 0, $pos ) );

$xml = file_get_contents( "$dir/plain-permalinks.xml" );
$n   = 0;
$xml = str_replace( 'xmlns:wp="http://wordpress.org/export/1.2/"', 'xmlns:wp="http://wordpress.org/export/9.9/"', $xml, $n );
if ( 1 !== $n ) {
	fwrite( STDERR, "wp namespace declaration not found\n" );
	exit( 1 );
}
file_put_contents( "$dir/unknown-namespace.xml", $xml );
echo "Wrote malformed.xml and unknown-namespace.xml\n";
