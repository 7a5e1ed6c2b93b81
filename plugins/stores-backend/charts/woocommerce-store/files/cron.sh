#!/bin/bash
# WordPress's scheduled work, run by the chart's CronJob because WP-Cron is off (DISABLE_WP_CRON:
# it would run only on page views, and its loopback request is denied by the NetworkPolicies):
# due WP-Cron events (cleanups, scheduled sales), then WooCommerce's Action Scheduler queue
# (webhooks, emails, database updates after an upgrade).
set -euo pipefail
cd /var/www/html
wp cron event run --due-now
if wp cli has-command "action-scheduler run"; then
  wp action-scheduler run --batches="${ACTION_SCHEDULER_BATCHES:-5}"
fi
