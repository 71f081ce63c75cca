-- runlog: reaches the schema with sha256 9cab8a86355da74a39b83f379e7a7d466aadec7e7c2bb840b17a13feea8d803e
-- CreateTable
CREATE TABLE "Target" (
    "name" TEXT NOT NULL,
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
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("name")
);
