<?php
/**
 * Installs WordPress into an empty database (WPGEN_DB), like the web
 * installer does: wp_install() from wp-admin/includes/upgrade.php.
 *
 * Args: blog title, admin login, admin e-mail, admin display name, language
 */
define( 'WP_INSTALLING', true );

// The installer mails the admin; skip it (pluggable in upgrade.php).
function wp_new_blog_notification() {}

require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

list( , $title, $login, $email, $display_name, $language ) = $argv;

$result = wp_install( $title, $login, $email, true, '', 'wxr-test-' . $login, $language );
wp_update_user( array(
	'ID'           => $result['user_id'],
	'display_name' => $display_name,
	'nickname'     => $display_name,
	'first_name'   => explode( ' ', $display_name )[0],
	'last_name'    => implode( ' ', array_slice( explode( ' ', $display_name ), 1 ) ),
) );

printf( "Installed WordPress %s, admin user id %d, locale %s\n",
	get_bloginfo( 'version' ), $result['user_id'], get_option( 'WPLANG' ) );
