# rlcf: one image for the fleet's front-ends (`rlcf serve --queue`) and workers (`rlcf worker
# --queue`). Multi-stage: the build stage compiles the TypeScript; the runtime stage carries Node, the
# eight languages' toolchains and bubblewrap. Workers need namespaces inside their pod (see
# docs/scale.md, "Kubernetes": privileged, or a user namespace with seccomp/AppArmor unconfined).
#
#   docker build -t rlcf:0.1.0 .
#   docker run --rm --privileged rlcf:0.1.0 doctor

FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY web ./web
RUN node scripts/build.mjs
# dev dependencies stay: TypeScript type checking of graded programs uses the typescript package

FROM debian:bookworm-slim AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# the toolchains rlcf grades with (rlcf doctor lists them), bubblewrap, setpriv, and python3-dev +
# gcc for the sandbox agent's C hot path
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap util-linux ca-certificates \
      python3 python3-dev gcc g++ libc6-dev rustc golang-go openjdk-17-jdk-headless libjavatuples-java \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/node /usr/local/bin/node
WORKDIR /opt/rlcf
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
ENV RLCF_HOME=/var/lib/rlcf
RUN mkdir -p /var/lib/rlcf && ln -s /opt/rlcf/bin/rlcf.js /usr/local/bin/rlcf
EXPOSE 8080
ENTRYPOINT ["node", "/opt/rlcf/bin/rlcf.js"]
CMD ["--help"]
