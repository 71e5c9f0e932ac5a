# syntax=docker/dockerfile:1
# Build stage: compile TypeScript and bundle the template command (better-sqlite3 builds its native addon here).
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY src ./src
COPY scripts/bundle.mjs ./scripts/
RUN npm run build

# Production dependencies only, native addon included.
FROM node:22-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

# Runtime: git for sources, non-root user, state in /data.
FROM node:22-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates openssh-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
RUN mkdir -p /data /config && chown -R node:node /data
USER node
ENV NODE_ENV=production
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["node", "/app/bin/tugboat.js"]
CMD ["serve", "--config", "/config/tugboat.yaml"]
