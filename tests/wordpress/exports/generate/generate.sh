#!/bin/sh
# Regenerates the WordPress (WXR) test exports in tests/wordpress/exports/
# with a real WordPress, driven from the PHP command line (no web server).
#
# Needs: Debian 12 (or similar), root, a MariaDB/MySQL server reachable as
# root without password on 127.0.0.1 (override with WPGEN_DB_* variables).
# Usage:  sh tests/wordpress/exports/generate/generate.sh
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$HERE")
WORK=${WPGEN_WORK:-/tmp/wxr-export-wordpress}
MYSQL="mysql -uroot -h ${WPGEN_DB_HOST:-127.0.0.1}"

# 1. Packages: Debian's WordPress (6.1.x) and PHP with MySQL, GD and XML.
if ! [ -f /usr/share/wordpress/wp-load.php ] || ! php -m | grep -qx gd; then
	apt-get install -y wordpress php-cli php-mysql php-gd php-xml
fi

# 2. A private copy of WordPress with our own wp-config.php (Debian's
#    wp-config.php wants /etc/wordpress/config-<host>.php and a web server).
rm -rf "$WORK"
cp -a /usr/share/wordpress "$WORK"
rm -f "$WORK/.htaccess"
cp "$HERE/wp-config.php" "$WORK/wp-config.php"
mkdir -p "$WORK/wp-content/uploads"
export WPGEN_WP_DIR="$WORK"

site() { # site DB URL -- install one site, add content, export it
	db=$1 url=$2 name=$3; shift 3
	$MYSQL -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
	rm -rf "$WORK/wp-content/uploads"/*
	WPGEN_DB=$db WPGEN_URL=$url php "$HERE/install.php" "$@"
	WPGEN_DB=$db WPGEN_URL=$url php "$HERE/content-$name.php"
	WPGEN_DB=$db WPGEN_URL=$url php "$HERE/export.php" "$OUT/$name.xml"
}

# 3. The sites. Install args: title, admin login, admin e-mail, display name, locale.
site wpgen_humas https://serangkota.go.id humas-kota \
	'Humas Kota Serang' redaktur redaktur@serangkota.go.id 'Siti Rahmawati' id_ID
rm -rf "$OUT/humas-kota-uploads"
cp -a "$WORK/wp-content/uploads" "$OUT/humas-kota-uploads"

site wpgen_plain https://humas.cilegon.go.id plain-permalinks \
	'Humas Kota Cilegon' admin.humas humas@cilegon.go.id 'Admin Humas' id_ID

# 4. Broken variants derived from the real exports.
php "$HERE/derive.php" "$OUT"

# 5. Clean up.
$MYSQL -e "DROP DATABASE wpgen_humas; DROP DATABASE wpgen_plain"
rm -rf "$WORK"
