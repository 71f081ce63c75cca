-- runlog: reaches the schema with sha256 170fe575951c8a1331b3f48dbab0e5b9fcb5cc331f8d8c559014525e21c51fdd
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "headHash" TEXT NOT NULL DEFAULT '';
