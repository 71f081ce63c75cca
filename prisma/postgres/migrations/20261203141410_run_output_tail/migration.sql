-- runlog: reaches the schema with sha256 7cf882c35ae02eeeb72c38a0626c2c547f1e9bc331c255bcdec389368eba9b86
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "outputTail" TEXT,
ADD COLUMN     "outputTailCut" BOOLEAN NOT NULL DEFAULT false;

-- Runs finished before this migration: their tail is the last 4000 characters (OUTPUT_TAIL_CHARS).
UPDATE "Run" SET "outputTail" = right("outputText", 4000), "outputTailCut" = length("outputText") > 4000 WHERE "outputText" IS NOT NULL;
