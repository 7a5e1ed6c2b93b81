<?php
// Stand-in for the official image's wp-config-docker.php: every setting from WORDPRESS_* in the
// environment, WORDPRESS_CONFIG_EXTRA evaluated last.
function storefleet_env($name, $default) {
	$value = getenv('WORDPRESS_' . $name);
	return $value === false ? $default : $value;
}
define('DB_NAME', storefleet_env('DB_NAME', 'wordpress'));
define('DB_USER', storefleet_env('DB_USER', 'example username'));
define('DB_PASSWORD', storefleet_env('DB_PASSWORD', 'example password'));
define('DB_HOST', storefleet_env('DB_HOST', 'mysql'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (array('AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT') as $key) {
	define($key, storefleet_env($key, 'put your unique phrase here'));
}
$table_prefix = storefleet_env('TABLE_PREFIX', 'wp_');
define('WP_DEBUG', (bool) storefleet_env('DEBUG', ''));
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && strpos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
	$_SERVER['HTTPS'] = 'on';
}
if ($extra = getenv('WORDPRESS_CONFIG_EXTRA')) {
	eval($extra);
}
if (!defined('ABSPATH')) {
	define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
