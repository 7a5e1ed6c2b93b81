#!/bin/bash
# Configures a WooCommerce store with WP-CLI. Safe to re-run: every step checks or overwrites.
# Secrets arrive in the environment and reach WordPress through getenv(), never argv or a prompt.
# The PHP in single quotes is PHP's to expand, not the shell's:
# shellcheck disable=SC2016
set -euo pipefail
cd /var/www/html
step() { echo "[setup] $*"; }

step "waiting for the database"
# `wp db check` runs mariadb-check (the image carries the MariaDB client); its last answer is
# shown if the database never comes.
for _ in $(seq "${WAIT_FOR_DATABASE_SECONDS:-300}"); do
  if last="$(wp db check --quiet 2>&1)"; then break; fi
  sleep 1
done
wp db check --quiet || { echo "[setup] the database did not answer: $last" >&2; exit 1; }

if ! wp core is-installed 2>/dev/null; then
  step "installing WordPress"
  # No password on the command line or at a prompt: WP-CLI generates a throwaway one (its output,
  # which prints it, is dropped) and the Secret's is set through getenv() right after. The
  # person's title is set below from the environment, never as an argument.
  wp core install --url="$STORE_URL" --title=Store --admin_user="$STORE_ADMIN_USER" \
    --admin_email="$STORE_ADMIN_EMAIL" --skip-email >/dev/null
fi
# The Secret's admin password is WordPress's: set after the install, and again when the Secret
# changed (a warm-pool slot handed to a person gets a new one); an unchanged one keeps sessions.
wp eval '$u = get_user_by("login", getenv("STORE_ADMIN_USER")); if (!wp_check_password(getenv("STORE_ADMIN_PASSWORD"), $u->user_pass, $u->ID)) { wp_set_password(getenv("STORE_ADMIN_PASSWORD"), $u->ID); echo "admin password set from the Secret\n"; }'
# After an upgrade of the image: WordPress's and WooCommerce's own database updates.
wp core update-db
wp option update home "$STORE_URL"
wp option update siteurl "$STORE_URL"
# The title is the person's words: read by PHP from the environment, so no title (one that
# starts with '--', say) ever becomes one of WP-CLI's arguments or flags.
wp eval 'update_option("blogname", getenv("STORE_TITLE"));'
wp rewrite structure '/%postname%/'

step "activating WooCommerce"
wp plugin activate woocommerce
wp wc update
wp option update woocommerce_onboarding_profile '{"skipped":true}' --format=json
wp option update woocommerce_coming_soon no
wp option update woocommerce_store_pages_only no
wp option update woocommerce_default_country "$STORE_COUNTRY"
wp option update woocommerce_currency "$STORE_CURRENCY"
wp option update woocommerce_calc_taxes no
wp wc tool run install_pages --user="$STORE_ADMIN_USER" >/dev/null

step "enabling Cash on Delivery"
wp wc payment_gateway update cod --enabled=true --user="$STORE_ADMIN_USER" >/dev/null

step "flat-rate shipping in the default zone"
if [ -z "$(wp wc shipping_zone_method list 0 --user="$STORE_ADMIN_USER" --format=ids)" ]; then
  wp wc shipping_zone_method create 0 --method_id=flat_rate --enabled=true --user="$STORE_ADMIN_USER" >/dev/null
fi
# Not `wp wc shipping_zone_method update 0 <id>`: WooCommerce's CLI writes the first positional
# argument into every id of the route (WC_CLI_REST_Command::get_filled_route replaces zone_id and
# instance_id alike), which asks for /zones/0/methods/0 and gets 404. The same REST route, called
# with both ids; the rate comes from the environment, never spliced into JSON.
wp eval '
wp_set_current_user(get_user_by("login", getenv("STORE_ADMIN_USER"))->ID);
foreach (WC_Shipping_Zones::get_zone(0)->get_shipping_methods() as $method) {
  $request = new WP_REST_Request("POST", "/wc/v3/shipping/zones/0/methods/" . $method->instance_id);
  $request->set_body_params(array("enabled" => true, "settings" => array("cost" => getenv("STORE_FLAT_RATE"))));
  $response = rest_do_request($request);
  if ($response->is_error()) {
    WP_CLI::error($response->as_error());
  }
}
'

step "sample products"
php -r 'foreach (json_decode(getenv("STORE_PRODUCTS"), true) as $p) { echo $p["sku"], "\t", $p["name"], "\t", $p["price"], "\n"; }' |
  while IFS=$'\t' read -r sku name price; do
    if [ "$(wp wc product list --sku="$sku" --user="$STORE_ADMIN_USER" --format=count)" = 0 ]; then
      wp wc product create --name="$name" --regular_price="$price" --sku="$sku" --status=publish \
        --user="$STORE_ADMIN_USER" >/dev/null
    fi
  done

step "read-only REST key for the order probe"
wp eval '
global $wpdb;
$table = $wpdb->prefix . "woocommerce_api_keys";
$key = "ck_" . getenv("WC_PROBE_CONSUMER_KEY");
$wpdb->delete($table, array("description" => "storefleet-order-probe"));
$wpdb->insert($table, array(
  "user_id" => get_user_by("login", getenv("STORE_ADMIN_USER"))->ID,
  "description" => "storefleet-order-probe",
  "permissions" => "read",
  "consumer_key" => wc_api_hash($key),
  "consumer_secret" => "cs_" . getenv("WC_PROBE_CONSUMER_SECRET"),
  "truncated_key" => substr($key, -7),
));
'
step "done: $STORE_URL"
