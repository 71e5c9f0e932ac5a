# syntax=docker/dockerfile:1
# Toolchain stage: python3, make and g++ for better-sqlite3's native addon, installed once and shared by
# the build and production-dependency stages below.
FROM node:22-bookworm-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Build stage: compile TypeScript and bundle the template command.
FROM toolchain AS build
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY src ./src
COPY scripts/bundle.mjs ./scripts/
RUN npm run build

# Production dependencies only, native addon included.
FROM toolchain AS deps
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

# Runtime: git for sources, non-root user, state in /data.
FROM node:22-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates openssh-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
COPY bin ./bin
COPY schemas ./schemas
RUN mkdir -p /data /config && chown -R node:node /data
USER node
ENV NODE_ENV=production
# The health check asks the daemon itself (no curl in the image); set TUGBOAT_HEALTH_URL when server.port is not 8080.
ENV TUGBOAT_HEALTH_URL=http://127.0.0.1:8080/healthz
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.TUGBOAT_HEALTH_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["node", "/app/bin/tugboat.cjs"]
CMD ["serve", "--config", "/config/tugboat.yaml"]
