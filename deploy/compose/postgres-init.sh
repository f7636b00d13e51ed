#!/usr/bin/env bash
# First start of compose.yaml's PostgreSQL: a database per service, owned by the service's own login
# role (as on CloudNativePG in deploy/k8s). Local passwords only; never use these anywhere else.
set -euo pipefail
for service in identity catalog cart order payment notification; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE ${service}_service LOGIN PASSWORD '${service}-local';
CREATE DATABASE sprocket_${service} OWNER ${service}_service;
REVOKE CONNECT ON DATABASE sprocket_${service} FROM PUBLIC;
SQL
done
