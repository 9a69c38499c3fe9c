-- Sign-in guessing limit as one atomic counter per address (a row per failure was read
-- before any failure was written, so guesses sent at once were all checked).
DROP TABLE "LoginFailure";

-- CreateTable
CREATE TABLE "LoginLimit" (
    "email" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL,

    CONSTRAINT "LoginLimit_pkey" PRIMARY KEY ("email")
);
