-- runlog: reaches the schema with sha256 f468c880149d1bbd415725175c3ca427ee90a05c99cbc46a148dd00b8668c6dc
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "cols" INTEGER;
