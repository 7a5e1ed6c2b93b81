<?php
// Readiness for Kubernetes: PHP runs and the database answers, whether or not WordPress is
// installed yet. (A WordPress page would redirect a fresh site to wp-admin/install.php, which
// Apache refuses, so the pod would never be Ready and the setup that installs it never run.)
// Says only "ok" or "database unreachable".
header('Cache-Control: no-store');
$host = getenv('WORDPRESS_DB_HOST') ?: 'localhost';
$port = 3306;
if (preg_match('/^(.+):(\d+)$/', $host, $m)) {
	[$host, $port] = [$m[1], (int) $m[2]];
}
mysqli_report(MYSQLI_REPORT_OFF);
$db = @mysqli_connect($host, (string) getenv('WORDPRESS_DB_USER'), (string) getenv('WORDPRESS_DB_PASSWORD'), (string) getenv('WORDPRESS_DB_NAME'), $port);
if (!$db) {
	http_response_code(503);
	echo "database unreachable\n";
	exit;
}
mysqli_close($db);
echo "ok\n";
