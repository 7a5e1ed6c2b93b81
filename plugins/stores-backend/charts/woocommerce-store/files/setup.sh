#!/bin/bash
# Configures a WooCommerce store with WP-CLI. Safe to re-run: every step checks or overwrites.
# Secrets arrive in the environment and reach WP-CLI on stdin or through getenv(), never argv.
set -euo pipefail
cd /var/www/html
step() { echo "[setup] $*"; }

step "waiting for the database"
for _ in $(seq "${WAIT_FOR_DATABASE_SECONDS:-300}"); do
  if wp db check --quiet >/dev/null 2>&1; then break; fi
  sleep 1
done
wp db check --quiet

if ! wp core is-installed 2>/dev/null; then
  step "installing WordPress"
  printf '%s' "$STORE_ADMIN_PASSWORD" | wp core install --url="$STORE_URL" --title="$STORE_TITLE" \
    --admin_user="$STORE_ADMIN_USER" --admin_email="$STORE_ADMIN_EMAIL" --skip-email --prompt=admin_password
fi
wp option update home "$STORE_URL"
wp option update siteurl "$STORE_URL"
wp option update blogname "$STORE_TITLE"
wp rewrite structure '/%postname%/'

step "activating WooCommerce"
wp plugin activate woocommerce
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
for id in $(wp wc shipping_zone_method list 0 --user="$STORE_ADMIN_USER" --format=ids); do
  wp wc shipping_zone_method update 0 "$id" --enabled=true --settings="{\"cost\":\"$STORE_FLAT_RATE\"}" \
    --user="$STORE_ADMIN_USER" >/dev/null
done

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
