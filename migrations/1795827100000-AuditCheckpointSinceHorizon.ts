import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a checkpoint look only at the chains that moved since the previous one instead of every event.
 * Each event records the id of the transaction that wrote it (`txid`, indexed); each checkpoint records
 * the oldest transaction still running when it read the heads (`event_horizon_txid`). An event the
 * previous checkpoint could not see was written by a transaction at or after that horizon, so the next
 * checkpoint reads the heads of just those events' targets. Neither column is hashed: they only choose
 * where to look. Events written before this migration have no txid; the first checkpoint after it
 * finds no horizon on the previous checkpoint and reads every head, as before.
 */
export class AuditCheckpointSinceHorizon1795827100000 implements MigrationInterface {
  name = 'AuditCheckpointSinceHorizon1795827100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Two steps, so existing rows keep NULL and the table is not rewritten.
    await queryRunner.query('ALTER TABLE "audit_events" ADD "txid" bigint');
    await queryRunner.query('ALTER TABLE "audit_events" ALTER COLUMN "txid" SET DEFAULT txid_current()');
    await queryRunner.query('CREATE INDEX "audit_events_txid_idx" ON "audit_events" ("txid")');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "event_horizon_txid" bigint');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_checkpoints" DROP COLUMN "event_horizon_txid"');
    await queryRunner.query('DROP INDEX "audit_events_txid_idx"');
    await queryRunner.query('ALTER TABLE "audit_events" DROP COLUMN "txid"');
  }
}
