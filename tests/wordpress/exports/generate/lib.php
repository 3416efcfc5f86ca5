<?php
/**
 * Helpers shared by the content scripts. Everything goes through the
 * WordPress API, the way the admin screens would do it.
 */
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/post.php';
require_once ABSPATH . 'wp-admin/includes/nav-menu.php';

/** Stops with a message if a WordPress call failed. */
function must( $value, $what ) {
	if ( is_wp_error( $value ) || ! $value ) {
		$msg = is_wp_error( $value ) ? $value->get_error_message() : 'failed';
		fwrite( STDERR, "$what: $msg\n" );
		exit( 1 );
	}
	return $value;
}

/** Basic site settings shared by both sites. */
function setup_site( $title, $tagline, $permalink_structure ) {
	update_option( 'blogname', $title );
	update_option( 'blogdescription', $tagline );
	update_option( 'timezone_string', 'Asia/Jakarta' );
	update_option( 'gmt_offset', '' );
	update_option( 'date_format', 'j F Y' );
	update_option( 'time_format', 'H:i' );
	update_option( 'start_of_week', 1 );
	update_option( 'uploads_use_yearmonth_folders', 1 );
	// As Settings > Permalinks does (also updates the trailing-slash flag).
	global $wp_rewrite;
	$wp_rewrite->set_permalink_structure( $permalink_structure );
	flush_rewrite_rules( false );

	// Remove the sample content created by wp_install(): "Halo dunia!",
	// its comment, "Laman Contoh" and the draft privacy policy page.
	foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1 ) ) as $p ) {
		wp_delete_post( $p->ID, true );
	}
	delete_option( 'wp_page_for_privacy_policy' );
}

/** Creates a user with the given role and returns its id. */
function add_user( $login, $email, $display_name, $role ) {
	return must( wp_insert_user( array(
		'user_login'   => $login,
		'user_email'   => $email,
		'user_pass'    => 'wxr-test-' . $login,
		'display_name' => $display_name,
		'nickname'     => $display_name,
		'first_name'   => explode( ' ', $display_name )[0],
		'last_name'    => implode( ' ', array_slice( explode( ' ', $display_name ), 1 ) ),
		'role'         => $role,
	) ), "user $login" );
}

/** Creates a term and returns its term_id. */
function add_term( $name, $taxonomy, $args = array() ) {
	$r = must( wp_insert_term( $name, $taxonomy, $args ), "term $name" );
	return $r['term_id'];
}

/**
 * Inserts a post with wp_insert_post(). $args uses wp_insert_post() keys;
 * 'post_date' is local (Asia/Jakarta) time, WordPress derives the GMT date.
 * 'cats' (term ids) and 'tags' (names) are assigned with wp_set_post_terms().
 */
function add_post( $args ) {
	$cats = $args['cats'] ?? array();
	$tags = $args['tags'] ?? array();
	unset( $args['cats'], $args['tags'] );
	$args += array( 'post_type' => 'post', 'post_status' => 'publish', 'comment_status' => 'open', 'ping_status' => 'open' );
	// wp_insert_post() expects slashed data, like $_POST.
	$id = must( wp_insert_post( wp_slash( $args ), true ), 'post ' . $args['post_title'] );
	if ( $cats ) {
		wp_set_post_terms( $id, $cats, 'category' );
	}
	if ( $tags ) {
		wp_set_post_terms( $id, $tags, 'post_tag' );
	}
	return $id;
}

/**
 * Updates a post's content after its attachments exist. post_modified is
 * set to one hour after the publication date so the export stays stable
 * between runs (otherwise WordPress stamps the current time).
 */
function set_post_content( $post_id, $content ) {
	$keep_modified = function ( $data ) {
		$t = strtotime( $data['post_date'] . ' UTC' ) + HOUR_IN_SECONDS;
		$data['post_modified']     = gmdate( 'Y-m-d H:i:s', $t );
		$data['post_modified_gmt'] = get_gmt_from_date( $data['post_modified'] );
		return $data;
	};
	add_filter( 'wp_insert_post_data', $keep_modified );
	must( wp_update_post( wp_slash( array( 'ID' => $post_id, 'post_content' => $content ) ), true ), "update $post_id" );
	remove_filter( 'wp_insert_post_data', $keep_modified );
}

/** Draws a small JPEG photo stand-in with GD and returns its temp path. */
function make_jpeg( $label, $w, $h, $from, $to ) {
	$im = imagecreatetruecolor( $w, $h );
	for ( $y = 0; $y < $h; $y++ ) {
		$c = array();
		for ( $i = 0; $i < 3; $i++ ) {
			$c[ $i ] = (int) round( $from[ $i ] + ( $to[ $i ] - $from[ $i ] ) * $y / ( $h - 1 ) );
		}
		imageline( $im, 0, $y, $w - 1, $y, imagecolorallocate( $im, $c[0], $c[1], $c[2] ) );
	}
	// A few shapes so the image is not a plain gradient.
	$white = imagecolorallocate( $im, 255, 255, 255 );
	$dark  = imagecolorallocate( $im, 30, 30, 30 );
	imagefilledrectangle( $im, (int) ( $w * 0.1 ), (int) ( $h * 0.55 ), (int) ( $w * 0.9 ), (int) ( $h * 0.9 ), $dark );
	imagefilledellipse( $im, (int) ( $w * 0.8 ), (int) ( $h * 0.25 ), (int) ( $h * 0.3 ), (int) ( $h * 0.3 ), $white );
	imagestring( $im, 5, (int) ( $w * 0.13 ), (int) ( $h * 0.62 ), $label, $white );
	imagestring( $im, 3, (int) ( $w * 0.13 ), (int) ( $h * 0.75 ), "{$w}x{$h}", $white );
	$tmp = wp_tempnam( 'wxr-img' ) . '.jpg';
	imagejpeg( $im, $tmp, 75 );
	imagedestroy( $im );
	return $tmp;
}

/**
 * Uploads an image through media_handle_sideload() (same path as the media
 * uploader: file goes to uploads/YYYY/MM of the parent post, sub-sizes and
 * _wp_attachment_metadata are generated) and sets its alt text.
 */
function add_image( $tmp, $filename, $parent_id, $args ) {
	$alt = $args['alt'] ?? '';
	unset( $args['alt'] );
	$id = must( media_handle_sideload( array( 'name' => $filename, 'tmp_name' => $tmp ), $parent_id, null, $args ), "upload $filename" );
	if ( $alt ) {
		update_post_meta( $id, '_wp_attachment_image_alt', $alt );
	}
	return $id;
}
