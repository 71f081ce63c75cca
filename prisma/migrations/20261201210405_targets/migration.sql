-- CreateTable
CREATE TABLE "Target" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 22,
    "knownHosts" TEXT NOT NULL,
    "keySealed" TEXT NOT NULL DEFAULT '',
    "agentSocket" TEXT,
    "minRole" TEXT NOT NULL DEFAULT 'responder',
    "approval" TEXT NOT NULL DEFAULT 'none',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
