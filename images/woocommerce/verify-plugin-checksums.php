<?php
// Checks an unpacked plugin against wordpress.org's per-file checksums
// (downloads.wordpress.org/plugin-checksums/<slug>/<version>.json, the list `wp plugin
// verify-checksums` reads): every listed file present with its SHA-256, and no file that is
// not listed. Exits 1 naming each difference. Usage: php verify-plugin-checksums.php JSON DIR
[$_, $json, $dir] = $argv + [null, null, null];
$list = json_decode((string) file_get_contents($json), true);
if (!is_array($list) || !isset($list['files']) || !is_array($list['files'])) {
	fwrite(STDERR, "no checksum list in $json\n");
	exit(1);
}
$problems = array();
foreach ($list['files'] as $path => $sums) {
	$file = "$dir/$path";
	$expected = (array) ($sums['sha256'] ?? array());
	if (!is_file($file)) {
		$problems[] = "missing: $path";
	} elseif (!in_array(hash_file('sha256', $file), $expected, true)) {
		$problems[] = "checksum differs: $path";
	}
}
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
foreach ($files as $file) {
	$path = substr($file->getPathname(), strlen($dir) + 1);
	if (!isset($list['files'][$path])) {
		$problems[] = "not in the release: $path";
	}
}
if ($problems) {
	fwrite(STDERR, implode("\n", $problems) . "\n");
	exit(1);
}
echo count($list['files']) . " files match wordpress.org's checksums\n";
