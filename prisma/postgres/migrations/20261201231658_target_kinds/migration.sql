-- runlog: reaches the schema with sha256 56c44b6c69e3ddc9995e497f9d6c9849360230bb59fb1fdaa31f38c3204d9f3c
-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "container" TEXT,
ADD COLUMN     "jump" TEXT,
ADD COLUMN     "kubeContext" TEXT,
ADD COLUMN     "namespace" TEXT,
ADD COLUMN     "pod" TEXT,
ADD COLUMN     "via" TEXT;
