# Plan Ledger server image (docs/operations.md, Containers).
#
#   docker build -t plan-ledger .
#   docker run -p 3000:3000 -v ledger-data:/data plan-ledger
#
# Two stages: dependencies are installed once, with the compilers better-sqlite3 needs, and only
# the installed node_modules travels to the runtime stage, which has no compilers and runs as the
# unprivileged `node` user. The base image is pinned to an exact release (not a floating tag);
# pin its digest too where your registry policy asks for it.
ARG NODE_IMAGE=node:22.12.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LEDGER_DB=/data/ledger.sqlite \
    LEDGER_PROJECTIONS_DIR=/data/projections
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY projections ./projections
COPY src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "src/server.ts", "--no-sample-data"]
