-- runlog: reaches the schema with sha256 876a1884414c4e0f7ea1cde57786c1d09b13affbcd6d61d1694487d611c7b90d
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "outputGzip" BOOLEAN NOT NULL DEFAULT false;
