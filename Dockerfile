# One image for every restorelab service (mock, planner, record-writer, file-writer): Node 24 runs the
# TypeScript sources directly (type stripping), so there is no build step, only the workspace install.
# docker-compose.yml picks the service with `command`.
FROM node:24-bookworm-slim

# The pnpm the lockfile was written with (package.json "packageManager").
RUN npm install --global pnpm@12.4.2 && npm cache clean --force

WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm store prune

# Mount points of the volumes: the planner's snapshot store (/data) and the secrets step's volumes
# (/secrets/<consumer>, see docker-compose.yml). A new volume takes the owner and mode of the folder it is
# first mounted on, so these make them writable by the unprivileged user the services run as, and the
# secrets folders private to it.
RUN mkdir -p /data /secrets/planner /secrets/record-writer /secrets/file-writer /secrets/nats \
  && chown -R node:node /data /secrets \
  && chmod 700 /secrets/planner /secrets/record-writer /secrets/file-writer /secrets/nats
USER node
ENV NODE_ENV=production
CMD ["node", "packages/cli/src/bin.ts", "--help"]
