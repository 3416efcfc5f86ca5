<?php
/**
 * Content of the small "Humas Kota Cilegon" test site
 * (plain-permalinks.xml): default permalinks (/?p=123), one author.
 * Run after install.php on a fresh database.
 */
require __DIR__ . '/lib.php';

// Empty permalink structure = WordPress's default "Plain" setting.
setup_site( 'Humas Kota Cilegon', 'Kabar dari Kota Baja', '' );

$admin = 1; // created by wp_install() (login "admin.humas")
wp_set_current_user( $admin );

$cat = add_term( 'Berita Daerah', 'category' );

$a = add_post( array(
	'post_title'   => 'Pemkot Cilegon Salurkan Bantuan Beras untuk 12.000 Keluarga',
	'post_author'  => $admin,
	'post_date'    => '2023-11-06 10:00:00',
	'post_excerpt' => 'Bantuan pangan tahap ketiga disalurkan melalui kantor kelurahan.',
	'cats'         => array( $cat ),
	'tags'         => array( 'bantuan pangan', 'bansos' ),
	'post_content' => "<!-- wp:paragraph -->\n<p>Pemerintah Kota Cilegon menyalurkan bantuan beras 10 kg kepada 12.000 keluarga penerima manfaat.</p>\n<!-- /wp:paragraph -->",
) );

$b = add_post( array(
	'post_title'   => 'Jadwal Car Free Day Jalan Protokol',
	'post_author'  => $admin,
	'post_date'    => '2023-12-01 06:00:00',
	'cats'         => array( $cat ),
	'tags'         => array( 'car free day' ),
	'post_content' => "Car Free Day kembali digelar setiap Minggu pukul 06.00–09.00 WIB di Jalan Jenderal Sudirman.",
) );

$c = add_post( array(
	'post_title'   => 'Draf Siaran Pers Akhir Tahun',
	'post_status'  => 'draft',
	'post_author'  => $admin,
	'post_date'    => '2023-12-20 09:00:00',
	'post_content' => "<!-- wp:paragraph -->\n<p>Belum final.</p>\n<!-- /wp:paragraph -->",
) );

printf( "posts %d %d %d\n", $a, $b, $c );
