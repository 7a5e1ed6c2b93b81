<?php
/**
 * Plugin Name: Storefleet mail
 * Description: Sends WordPress and WooCommerce mail (order e-mails, password resets) through the
 * SMTP server the store's chart names (values `mail.smtp`), read from the environment: SMTP_HOST,
 * SMTP_PORT, SMTP_ENCRYPTION (tls, ssl or none), SMTP_USER, SMTP_PASSWORD (from a Secret),
 * SMTP_FROM. Without SMTP_HOST nothing changes. The server must be reachable: a store's pods have
 * no egress but what the platform opens (stores.egress.allowed).
 */

if (!getenv('SMTP_HOST')) {
	return;
}

add_action('phpmailer_init', function ($mailer) {
	$mailer->isSMTP();
	$mailer->Host = getenv('SMTP_HOST');
	$mailer->Port = (int) (getenv('SMTP_PORT') ?: 587);
	$encryption = getenv('SMTP_ENCRYPTION') ?: 'tls';
	$mailer->SMTPSecure = in_array($encryption, array('tls', 'ssl'), true) ? $encryption : '';
	$mailer->SMTPAutoTLS = 'none' !== $encryption;
	if (getenv('SMTP_USER')) {
		$mailer->SMTPAuth = true;
		$mailer->Username = getenv('SMTP_USER');
		$mailer->Password = (string) getenv('SMTP_PASSWORD');
	}
});

if (getenv('SMTP_FROM')) {
	add_filter('wp_mail_from', function () {
		return getenv('SMTP_FROM');
	});
}
