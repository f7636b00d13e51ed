#!/usr/bin/env bash
# ./sprocket images [--check]: one image per service, the gateway and the TJ sandbox, built by Jib from
# the Maven build (no Dockerfile; configuration in the parent POM's jib-maven-plugin section).
#   SPROCKET_REGISTRY=ghcr.io/acme ./sprocket images   pushes registry/sprocket/<module>:<version> (amd64 and arm64);
#                                                       credentials from ~/.docker/config.json or a credential helper
#   ./sprocket images                                   with a Docker engine: loads the images into it
#   ./sprocket images --check                           neither needed: builds each image on an empty base as an OCI
#                                                       tarball (target/jib-image.tar) and checks what is in it
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source deploy/local/lib.sh
pick_java

MODULES=identity-service,catalog-service,cart-service,order-service,payment-service,notification-service,gateway,tj-sandbox

if [ "${1:-}" = --check ]; then
  ./mvnw -B -q -ntp -Dspotless.check.skip=true -DskipTests -Pimage-check package
  ./mvnw -B -q -ntp -Dspotless.check.skip=true -Pimage-check -pl deploy/k8s -Dtest=ImageConfigurationTests test
  echo "Images built on an empty base and checked: */target/jib-image.tar (user 65532, ports, JVM flags, layers)."
  exit 0
fi

if [ -n "${SPROCKET_REGISTRY:-}" ]; then
  goal=jib:build
  target="pushed to $SPROCKET_REGISTRY/sprocket/<module>"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  goal=jib:dockerBuild
  case "$(docker info --format '{{.Architecture}}')" in
    aarch64 | arm64) platform=linux/arm64 ;;
    *) platform=linux/amd64 ;;
  esac
  target="loaded into the local Docker engine ($platform)"
else
  cat >&2 <<TXT
No image can be built here: no Docker engine answers ('docker info' fails) and SPROCKET_REGISTRY is not set.
  - push to a registry:        SPROCKET_REGISTRY=registry.example.com ./sprocket images
  - or start a Docker engine:  ./sprocket images
  - or check the image setup:  ./sprocket images --check   (builds each image on an empty base, offline)
TXT
  exit 1
fi

./mvnw -B -q -ntp -Dspotless.check.skip=true -DskipTests install
./mvnw -B -ntp -Dspotless.check.skip=true -pl "$MODULES" $goal \
  -Dsprocket.image.registry="${SPROCKET_REGISTRY:-registry.example.com}" ${platform:+-Djib.from.platforms=$platform}
echo "Images $target, tagged $(./mvnw -q -N help:evaluate -Dexpression=project.version -DforceStdout)."
