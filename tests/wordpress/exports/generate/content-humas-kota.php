<?php
/**
 * Content of the "Humas Kota Serang" test site (humas-kota.xml).
 * Run after install.php on a fresh database. Prints the ids it created.
 */
require __DIR__ . '/lib.php';

setup_site( 'Humas Kota Serang', 'Berita resmi Pemerintah Kota Serang', '/%year%/%monthnum%/%day%/%postname%/' );

// ---------------------------------------------------------------- users
// User 1 was created by wp_install() (login "redaktur").
$redaktur = 1;
$budi     = add_user( 'budi.santoso', 'budi.santoso@serangkota.go.id', 'Budi Santoso', 'author' );
// Create everything as the administrator (who has unfiltered_html, so
// WordPress stores post bodies verbatim, as on a real site).
wp_set_current_user( $redaktur );

// ---------------------------------------------------------------- terms
$cat_pemerintahan = add_term( 'Pemerintahan', 'category', array( 'description' => 'Berita kegiatan Pemerintah Kota Serang.' ) );
$cat_kesehatan    = add_term( 'Kesehatan', 'category', array( 'slug' => 'kesehatan' ) );
$cat_pengumuman   = add_term( 'Pengumuman', 'category' );
// Tags are created on the fly by wp_set_post_terms() from their names,
// except this one, which gets a description.
add_term( 'pelayanan publik', 'post_tag', array( 'description' => 'Mal Pelayanan Publik, perizinan, dan layanan warga.' ) );

// ---------------------------------------------------------------- page
$page = add_post( array(
	'post_type'    => 'page',
	'post_title'   => 'Profil Humas Setda Kota Serang',
	'post_name'    => 'profil-humas',
	'post_author'  => $redaktur,
	'post_date'    => '2024-01-01 08:00:00',
	'comment_status' => 'closed',
	'post_content' => "<!-- wp:paragraph -->\n<p>Bagian Protokol dan Komunikasi Pimpinan (Humas) Sekretariat Daerah Kota Serang mengelola informasi publik dan publikasi kegiatan pemerintah.</p>\n<!-- /wp:paragraph -->",
) );

// ---------------------------------------------------------------- posts
// A: featured image + image block in the body, excerpt, one comment.
$post_mpp = add_post( array(
	'post_title'   => 'Wali Kota Serang Resmikan Mal Pelayanan Publik',
	'post_author'  => $redaktur,
	'post_date'    => '2024-03-12 09:15:00',
	'post_excerpt' => 'Warga kini dapat mengurus 120 jenis layanan perizinan dan kependudukan di satu gedung.',
	'post_content' => '(isi menyusul)',
	'cats'         => array( $cat_pemerintahan ),
	'tags'         => array( 'pelayanan publik', 'mal pelayanan publik', 'perizinan' ),
) );
$img_gedung = add_image( make_jpeg( 'MPP Kota Serang', 400, 300, array( 20, 90, 160 ), array( 150, 200, 240 ) ),
	'mal-pelayanan-publik.jpg', $post_mpp, array(
		'post_title'   => 'Gedung Mal Pelayanan Publik',
		'post_excerpt' => 'Gedung Mal Pelayanan Publik Kota Serang.',
		'post_author'  => $redaktur,
		'post_date'    => '2024-03-12 09:05:00',
		'alt'          => 'Gedung Mal Pelayanan Publik Kota Serang',
	) );
$img_loket = add_image( make_jpeg( 'Loket layanan', 400, 267, array( 160, 60, 20 ), array( 250, 210, 120 ) ),
	'loket-layanan.jpg', $post_mpp, array(
		'post_title'  => 'Loket layanan',
		'post_author' => $redaktur,
		'post_date'   => '2024-03-12 09:06:00',
		'alt'         => 'Warga mengantre di loket layanan',
	) );
set_post_thumbnail( $post_mpp, $img_gedung );
$loket_url = wp_get_attachment_url( $img_loket );
set_post_content( $post_mpp, <<<HTML
<!-- wp:paragraph -->
<p><strong>SERANG</strong> – Wali Kota Serang meresmikan Mal Pelayanan Publik (MPP) di Jalan Jenderal Sudirman, Selasa (12/3/2024). Sebanyak 120 jenis layanan dari 18 instansi kini tersedia di satu gedung.</p>
<!-- /wp:paragraph -->

<!-- wp:image {"id":$img_loket,"sizeSlug":"full","linkDestination":"none"} -->
<figure class="wp-block-image size-full"><img src="$loket_url" alt="Warga mengantre di loket layanan" class="wp-image-$img_loket"/><figcaption class="wp-element-caption">Warga mengantre di loket layanan MPP.</figcaption></figure>
<!-- /wp:image -->

<!-- wp:paragraph -->
<p>“Tidak ada lagi warga yang harus bolak-balik ke banyak kantor,” kata Wali Kota. Layanan dibuka Senin–Jumat pukul 08.00–15.00 WIB.</p>
<!-- /wp:paragraph -->
HTML
);
wp_insert_comment( array(
	'comment_post_ID'      => $post_mpp,
	'comment_author'       => 'Rina Marlina',
	'comment_author_email' => 'rina.marlina@example.com',
	'comment_author_url'   => '',
	'comment_content'      => 'Alhamdulillah, semoga antreannya tidak panjang.',
	'comment_date'         => '2024-03-12 12:30:00',
	'comment_date_gmt'     => get_gmt_from_date( '2024-03-12 12:30:00' ),
	'comment_approved'     => 1,
) );

// B: block editor content (paragraphs, heading, list, quote, embed), unicode title, sticky.
$post_smart = add_post( array(
	'post_title'   => 'Kota Bekasi – “Smart City” ✓ 2024: Serang Belajar Tata Kelola Digital',
	'post_author'  => $budi,
	'post_date'    => '2024-05-20 14:30:00',
	'post_excerpt' => 'Rombongan Pemkot Serang mempelajari penerapan “Smart City” di Kota Bekasi.',
	'cats'         => array( $cat_pemerintahan ),
	'tags'         => array( 'smart city', 'transformasi digital', 'pelayanan publik' ),
	'post_content' => <<<'HTML'
<!-- wp:paragraph -->
<p>Pemerintah Kota Serang melakukan studi banding ke Kota Bekasi untuk mempelajari penerapan <em>Smart City</em>, Senin (20/5/2024).</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Tiga fokus kerja sama</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Integrasi data kependudukan dan bantuan sosial;</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Aplikasi pengaduan warga “Lapor Pak Wali”;</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Pemantauan lalu lintas dengan 45 kamera CCTV.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>Digitalisasi bukan soal aplikasi, tetapi soal pelayanan yang lebih cepat.</p>
<!-- /wp:paragraph --><cite>Sekretaris Daerah Kota Serang</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Video kegiatan</h3>
<!-- /wp:heading -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=aqz-KE-bpKQ","type":"video","providerNameSlug":"youtube","responsive":true,"className":"wp-embed-aspect-16-9 wp-has-aspect-ratio"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=aqz-KE-bpKQ
</div></figure>
<!-- /wp:embed -->

<!-- wp:paragraph -->
<p>Anggaran tahap awal Rp1,2 miliar dialokasikan pada APBD Perubahan 2024.</p>
<!-- /wp:paragraph -->
HTML
) );
stick_post( $post_smart );

// C: classic editor content with [caption], [gallery] and [embed] shortcodes.
$post_posyandu = add_post( array(
	'post_title'   => 'Posyandu Serentak di Enam Kecamatan, Cakupan Imunisasi Naik',
	'post_author'  => $budi,
	'post_date'    => '2024-07-08 08:00:00',
	'post_excerpt' => 'Dinas Kesehatan menggelar posyandu serentak untuk menekan angka stunting.',
	'post_content' => '(isi menyusul)',
	'cats'         => array( $cat_kesehatan ),
	'tags'         => array( 'posyandu', 'imunisasi', 'stunting' ),
) );
$img_p1 = add_image( make_jpeg( 'Posyandu 1', 400, 300, array( 30, 130, 60 ), array( 200, 240, 170 ) ),
	'posyandu-cipocok-jaya.jpg', $post_posyandu, array(
		'post_title'   => 'Posyandu Cipocok Jaya',
		'post_excerpt' => 'Kader menimbang balita di Kecamatan Cipocok Jaya.',
		'post_author'  => $budi,
		'post_date'    => '2024-07-08 07:40:00',
		'alt'          => 'Kader posyandu menimbang balita',
	) );
$img_p2 = add_image( make_jpeg( 'Posyandu 2', 300, 300, array( 120, 30, 120 ), array( 240, 180, 230 ) ),
	'posyandu-kasemen.jpg', $post_posyandu, array(
		'post_title'  => 'Posyandu Kasemen',
		'post_author' => $budi,
		'post_date'   => '2024-07-08 07:41:00',
		'alt'         => 'Imunisasi di posyandu Kasemen',
	) );
list( $p1_medium, $p1_w, $p1_h ) = wp_get_attachment_image_src( $img_p1, 'medium' );
set_post_content( $post_posyandu, <<<HTML
Dinas Kesehatan Kota Serang menggelar posyandu serentak di enam kecamatan pada Senin (8/7/2024). Cakupan imunisasi dasar lengkap naik menjadi 92,5 persen.

[caption id="attachment_$img_p1" align="aligncenter" width="$p1_w"]<img class="size-medium wp-image-$img_p1" src="$p1_medium" alt="Kader posyandu menimbang balita" width="$p1_w" height="$p1_h" /> Kader menimbang balita di Kecamatan Cipocok Jaya.[/caption]

Kegiatan juga diisi penyuluhan gizi bagi ibu hamil dan pemberian makanan tambahan.

[gallery ids="$img_p1,$img_p2" columns="2" link="file"]

Simak liputan videonya:

[embed]https://www.youtube.com/watch?v=aqz-KE-bpKQ[/embed]
HTML
);

// D: slug "berita"; its body carries markup injected into a compromised site.
$post_berita = add_post( array(
	'post_title'   => 'Berita',
	'post_name'    => 'berita',
	'post_author'  => $redaktur,
	'post_date'    => '2024-01-02 07:30:00',
	'cats'         => array( $cat_pengumuman ),
	'tags'         => array( 'informasi publik' ),
	'post_content' => <<<'HTML'
Selamat datang di kanal berita resmi Pemerintah Kota Serang. Informasi kegiatan pemerintahan diperbarui setiap hari kerja.
<script>alert(1)</script>
<div style="display:none"><a href="https://slot-gacor.example/">slot gacor</a></div>
Untuk permohonan informasi publik, hubungi PPID Kota Serang.
HTML
) );

// E: scheduled for 2030.
$post_hut = add_post( array(
	'post_title'   => 'Peringatan HUT ke-23 Kota Serang',
	'post_status'  => 'future',
	'post_author'  => $redaktur,
	'post_date'    => '2030-10-10 08:00:00',
	'cats'         => array( $cat_pemerintahan ),
	'tags'         => array( 'HUT Kota Serang' ),
	'post_content' => "<!-- wp:paragraph -->\n<p>Upacara peringatan HUT Kota Serang digelar di Alun-Alun Kota Serang.</p>\n<!-- /wp:paragraph -->",
) );

// F: draft (no category given: WordPress assigns the default category).
$post_draft = add_post( array(
	'post_title'   => 'Rencana Pembangunan Jalan Lingkar Utara',
	'post_status'  => 'draft',
	'post_author'  => $budi,
	'post_date'    => '2024-08-01 10:00:00',
	'post_content' => "<!-- wp:paragraph -->\n<p>Draf: menunggu data dari Dinas PUPR.</p>\n<!-- /wp:paragraph -->",
) );

// G: pending review.
$post_pending = add_post( array(
	'post_title'   => 'Festival Kuliner Banten Digelar di Alun-Alun',
	'post_status'  => 'pending',
	'post_author'  => $budi,
	'post_date'    => '2024-08-15 16:00:00',
	'cats'         => array( $cat_pengumuman ),
	'tags'         => array( 'festival kuliner' ),
	'post_content' => "<!-- wp:paragraph -->\n<p>Festival menghadirkan 60 pelaku UMKM kuliner khas Banten, dari sate bandeng hingga rabeg.</p>\n<!-- /wp:paragraph -->",
) );

// H: private.
$post_private = add_post( array(
	'post_title'   => 'Catatan Rapat Redaksi Agustus 2024',
	'post_status'  => 'private',
	'post_author'  => $redaktur,
	'post_date'    => '2024-08-20 13:00:00',
	'cats'         => array( $cat_pemerintahan ),
	'post_content' => "<!-- wp:paragraph -->\n<p>Hanya untuk internal: jadwal liputan minggu depan.</p>\n<!-- /wp:paragraph -->",
) );

// ---------------------------------------------------------------- menu
$menu_id = must( wp_create_nav_menu( 'Menu Utama' ), 'menu' );
$menu_item = must( wp_update_nav_menu_item( $menu_id, 0, array(
	'menu-item-object-id' => $page,
	'menu-item-object'    => 'page',
	'menu-item-type'      => 'post_type',
	'menu-item-status'    => 'publish',
	'menu-item-title'     => 'Profil',
) ), 'menu item' );

printf( "users redaktur=%d budi=%d\n", $redaktur, $budi );
printf( "page=%d menu_item=%d\n", $page, $menu_item );
printf( "posts mpp=%d smart=%d posyandu=%d berita=%d hut=%d draft=%d pending=%d private=%d\n",
	$post_mpp, $post_smart, $post_posyandu, $post_berita, $post_hut, $post_draft, $post_pending, $post_private );
printf( "attachments gedung=%d loket=%d p1=%d p2=%d\n", $img_gedung, $img_loket, $img_p1, $img_p2 );
