<?php
/**
 * Writes the WXR export of the whole site to the file given as argument,
 * using WordPress's own exporter (Tools > Export > "All content").
 */
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

$out = $argv[1];

ob_start();
// export_wp() sends Content-Disposition headers; harmless on the CLI.
@export_wp( array( 'content' => 'all' ) );
$xml = ob_get_clean();

file_put_contents( $out, $xml );
printf( "Wrote %s (%d bytes)\n", $out, strlen( $xml ) );
