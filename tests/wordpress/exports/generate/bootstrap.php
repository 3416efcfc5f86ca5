<?php
/**
 * Shared bootstrap for the CLI scripts: loads WordPress from WPGEN_WP_DIR
 * without a web server.
 *
 * Usage (from a script):  require __DIR__ . '/bootstrap.php';
 */
if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

$wp_dir = getenv( 'WPGEN_WP_DIR' );
if ( ! $wp_dir || ! is_file( $wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "Set WPGEN_WP_DIR to the WordPress copy.\n" );
	exit( 1 );
}

// Minimal request environment expected by WordPress.
$host = parse_url( getenv( 'WPGEN_URL' ) ?: 'https://example.go.id', PHP_URL_HOST );
$_SERVER['HTTP_HOST']       = $host;
$_SERVER['SERVER_NAME']     = $host;
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['HTTPS']           = 'on';

// No mail server here: replace the pluggable mailer before WordPress loads.
function wp_mail() {
	return true;
}

require $wp_dir . '/wp-load.php';
