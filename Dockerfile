# One image for every restorelab service (mock, planner, record-writer, file-writer): Node 24 runs the
# TypeScript sources directly (type stripping), so there is no build step, only the workspace install.
# docker-compose.yml picks the service with `command`.
FROM node:24-bookworm-slim

# The pnpm the lockfile was written with (package.json "packageManager").
RUN npm install --global pnpm@12.4.2 && npm cache clean --force

WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm store prune

# The planner's snapshot store lives on a volume mounted here; the services run as the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
ENV NODE_ENV=production
CMD ["node", "packages/cli/src/bin.ts", "--help"]
