-- AlterEnum
ALTER TYPE "SessionSource" ADD VALUE 'cli';

