-- AlterEnum
ALTER TYPE "DeliveryState" ADD VALUE 'cancelled';

