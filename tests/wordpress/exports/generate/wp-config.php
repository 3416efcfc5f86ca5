<?php
/**
 * wp-config.php for the throw-away WordPress used to produce the WXR test
 * exports. generate.sh copies this file into the WordPress copy. The site
 * is selected with environment variables, so one WordPress copy can
 * serve several databases:
 *
 *   WPGEN_DB   database name   (e.g. wpgen_humas)
 *   WPGEN_URL  site/home URL   (e.g. https://serangkota.go.id)
 */
define( 'DB_NAME', getenv( 'WPGEN_DB' ) ?: 'wpgen' );
define( 'DB_USER', getenv( 'WPGEN_DB_USER' ) ?: 'root' );
define( 'DB_PASSWORD', getenv( 'WPGEN_DB_PASSWORD' ) ?: '' );
define( 'DB_HOST', getenv( 'WPGEN_DB_HOST' ) ?: '127.0.0.1' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'WP_HOME', getenv( 'WPGEN_URL' ) ?: 'https://example.go.id' );
define( 'WP_SITEURL', WP_HOME );

// Fixed salts: nothing here is secret, the site only lives for one run.
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
	'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $k ) {
	define( $k, 'wxr-test-export-' . $k );
}

// No web server, no network: keep WordPress from calling out.
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_DEBUG', false );

$table_prefix = 'wp_';

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
