# syntax=docker/dockerfile:1
#
# The redress server with its single-page app, in one image:
#
#   docker build -t redress .
#   docker run --rm -p 127.0.0.1:8080:8080 -v redress-data:/var/lib/redress redress
#
# Without REDRESS_DATABASE_URL it keeps an SQLite file in the data volume; see
# docker-compose.yml for PostgreSQL and two replicas. Needs BuildKit (the
# default builder of current Docker) for the cache mounts below.

# ---------------------------------------------------------------------------
# Build stages: rustup's toolchain with the wasm32 target added.
# Keep the Debian release here equal to the runtime's (glibc).
FROM rust:1.95-bookworm AS toolchain
RUN rustup target add wasm32-unknown-unknown
WORKDIR /src

# The wasm-bindgen CLI must be the very version of the `wasm-bindgen` crate in
# Cargo.lock. Only that version string reaches the next stage, so the slow
# install below reruns when the version changes, not on every lockfile edit.
FROM toolchain AS wasm-bindgen-version
COPY Cargo.lock ./
RUN sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock > wasm-bindgen.version && test "$(wc -l < wasm-bindgen.version)" -eq 1

FROM toolchain AS wasm-bindgen
COPY --from=wasm-bindgen-version /src/wasm-bindgen.version ./
RUN --mount=type=cache,id=redress-tools-registry,target=/usr/local/cargo/registry,sharing=locked \
    cargo install --locked --root /opt/wasm-bindgen wasm-bindgen-cli \
        --version "$(cat wasm-bindgen.version)"

# The splitter that cuts each module into the part every visitor loads and a
# chunk per page (the version xtask/src/spa_split.rs installs).
FROM toolchain AS wasm-split
RUN --mount=type=cache,id=redress-tools-registry,target=/usr/local/cargo/registry,sharing=locked \
    cargo install --locked --root /opt/wasm-split wasm_split_cli_support \
        --version 0.2.4 --features build-binary

# Compiles the SPA and the server. The cargo registry and target folder live in
# cache mounts, so a source edit recompiles only the crates it touches. The
# mounts are `locked`: cargo's own download lock sits outside them, and the
# wasm-bindgen install (own registry mount) may run alongside this stage.
# The SPA is built twice, as `cargo xtask spa` does: the public module (no
# default features) and the full one, with Leptos's views type-erased and the
# linker's relocations kept for the split into pages.
FROM toolchain AS build
COPY . .
RUN --mount=type=cache,id=redress-cargo-registry,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,id=redress-target,target=/src/target,sharing=locked \
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -C link-arg=--emit-relocs" \
 && cargo build --locked -p web --profile release-web --target wasm32-unknown-unknown \
        --no-default-features \
 && install -D -m 0644 target/wasm32-unknown-unknown/release-web/web.wasm /out/public.wasm \
 && cargo build --locked -p web --profile release-web --target wasm32-unknown-unknown \
 && install -D -m 0644 target/wasm32-unknown-unknown/release-web/web.wasm /out/portals.wasm
RUN --mount=type=cache,id=redress-cargo-registry,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,id=redress-target,target=/src/target,sharing=locked \
    cargo build --locked --release -p api --bin redress \
 && install -D -m 0755 target/release/redress /out/redress
# Each module is split into its main part and a chunk per page, then bound;
# the names give pkg/public/public.js, pkg/public/public_bg.wasm and the
# chunks beside them (the same for portals), as web/index.html loads them.
COPY --from=wasm-bindgen /opt/wasm-bindgen/bin/wasm-bindgen /usr/local/bin/wasm-bindgen
COPY --from=wasm-split /opt/wasm-split/bin/wasm-split-cli /usr/local/bin/wasm-split-cli
RUN for module in public portals; do \
        wasm-split-cli "/out/$module.wasm" "/out/split/$module" --target web \
            --out-name "$module" || exit 1; \
        wasm-bindgen --target web --no-typescript --remove-name-section \
            --remove-producers-section --keep-lld-exports --out-dir "/out/web/pkg/$module" \
            "/out/split/$module/$module.wasm" || exit 1; \
        find "/out/split/$module" -maxdepth 1 -type f ! -name "$module.wasm" \
            -exec cp {} "/out/web/pkg/$module/" ";" || exit 1; \
    done \
 && cp web/index.html /out/web/ \
 && if [ -f web/style.css ]; then cp web/style.css /out/web/; fi

# ---------------------------------------------------------------------------
# Runtime: the binary, the SPA and nothing to compile with.
FROM debian:bookworm-slim AS runtime
LABEL org.opencontainers.image.title="redress" \
      org.opencontainers.image.description="Consumer-complaint platform: API server and web app" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
# curl is for the health checks here and in docker-compose.yml.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
# The data folder is created and owned before VOLUME, so a fresh named volume
# starts out writable by the unprivileged user.
RUN groupadd --system --gid 10001 redress \
 && useradd --system --uid 10001 --gid redress --no-create-home \
        --home-dir /var/lib/redress --shell /usr/sbin/nologin redress \
 && install -d -o redress -g redress -m 0750 /var/lib/redress
COPY --from=build /out/redress /usr/local/bin/redress
COPY --from=build /out/web /app/web
ENV REDRESS_BIND=0.0.0.0:8080 \
    REDRESS_DATA_DIR=/var/lib/redress \
    REDRESS_WEB_DIR=/app/web \
    REDRESS_LOG_FORMAT=json
# The server also reads ./redress.toml when present: /app holds none.
WORKDIR /app
USER redress:redress
VOLUME /var/lib/redress
EXPOSE 8080
# Liveness only; orchestrators that route traffic should probe /readyz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS --max-time 4 -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/redress"]
