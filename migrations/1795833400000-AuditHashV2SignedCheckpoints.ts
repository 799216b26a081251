import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hash rule 2 and signed checkpoints (issue #13).
 *
 * Events: `hash_version` says which rule an event follows (existing rows keep 1 and are not rewritten);
 * rule-2 events store the exact bytes they were hashed over (`canonical`, RFC 8785 JSON) and cover every
 * stored field but `txid`. `audit_append()` appends one event in one statement: the link, the bytes,
 * the sha256 and the INSERT, so an append costs one round trip like a plain INSERT.
 *
 * Checkpoints: rule-2 checkpoints are signed statements (Ed25519) over an RFC 6962 Merkle tree whose
 * leaves are the chain heads each checkpoint sealed, in sealing order (`leaf_index`), so the tree only
 * grows and a later checkpoint provably extends an earlier one. `audit_signing_keys` keeps every public
 * key ever used, so checkpoints signed before a key rotation still verify. Verifications run as jobs and
 * record their progress in `audit_verifications`; at most one is queued or running at a time.
 */
export class AuditHashV2SignedCheckpoints1795833400000 implements MigrationInterface {
  name = 'AuditHashV2SignedCheckpoints1795833400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: existing rows get 1 without a table rewrite.
    await queryRunner.query('ALTER TABLE "audit_events" ADD "hash_version" smallint NOT NULL DEFAULT 1');
    await queryRunner.query('ALTER TABLE "audit_events" ADD "canonical" bytea');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "version" smallint NOT NULL DEFAULT 1');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "tree_size" bigint');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "root_hash" text');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "frontier" jsonb');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "key_id" text');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "signature" text');
    await queryRunner.query('ALTER TABLE "audit_checkpoints" ADD "statement" bytea');
    await queryRunner.query('ALTER TABLE "audit_checkpoint_heads" ADD "leaf_index" bigint');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "audit_checkpoint_heads_leaf_uq" ON "audit_checkpoint_heads" ("leaf_index") WHERE leaf_index IS NOT NULL',
    );
    await queryRunner.query(`
      CREATE TABLE "audit_signing_keys" (
        "key_id" text NOT NULL,
        "public_key" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "audit_signing_keys_pk" PRIMARY KEY ("key_id"))`);
    await queryRunner.query(
      'CREATE TRIGGER audit_signing_keys_no_update_delete BEFORE UPDATE OR DELETE ON audit_signing_keys FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()',
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_signing_keys_no_truncate BEFORE TRUNCATE ON audit_signing_keys FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
    );
    await queryRunner.query(`
      CREATE TABLE "audit_verifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "state" text NOT NULL DEFAULT 'queued',
        "requested_by" text NOT NULL,
        "incremental" boolean NOT NULL DEFAULT false,
        "page_size" integer NOT NULL,
        "from_checkpoint_seq" bigint,
        "through_event_seq" bigint,
        "covered_checkpoint_seq" bigint,
        "events_checked" bigint NOT NULL DEFAULT 0,
        "events_total" bigint,
        "checkpoints_checked" integer NOT NULL DEFAULT 0,
        "ok" boolean,
        "problem_count" integer NOT NULL DEFAULT 0,
        "problems" jsonb NOT NULL DEFAULT '[]',
        "error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz,
        CONSTRAINT "audit_verifications_pk" PRIMARY KEY ("id"))`);
    // At most one verification queued or running: a second request gets a unique violation (409).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_verifications_active_uq" ON "audit_verifications" ((true)) WHERE state IN ('queued', 'running')`,
    );
    // One event in one statement. The parts are the event's RFC 8785 text around its link (see
    // canonicalPartsV2): head + chain_seq + mid + prev_hash + ',"seq":' + seq + tail. The link is taken
    // as audit_next_link() takes it, inlined: the per-target advisory lock held to commit, then the head
    // (a fresh snapshot per statement under READ COMMITTED sees whoever held the lock before).
    await queryRunner.query(`
      CREATE FUNCTION audit_append(p_target_type text, p_target_id text, p_occurred_at timestamptz, p_actor_id text,
                                   p_action text, p_correlation_id text, p_head text, p_mid text, p_tail text,
                                   OUT seq bigint, OUT hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_chain_seq integer;
        v_prev_hash text;
        v_bytes bytea;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_target_type || ':' || p_target_id, 0));
        SELECT e.chain_seq + 1, e.hash INTO v_chain_seq, v_prev_hash
          FROM audit_events e
         WHERE e.target_type = p_target_type AND e.target_id = p_target_id
         ORDER BY e.chain_seq DESC LIMIT 1;
        v_chain_seq := coalesce(v_chain_seq, 1);
        seq := nextval('audit_events_seq_seq'::regclass);
        v_bytes := convert_to(p_head || v_chain_seq || p_mid || coalesce(to_json(v_prev_hash)::text, 'null')
                              || ',"seq":' || seq || p_tail, 'UTF8');
        hash := encode(sha256(v_bytes), 'hex');
        INSERT INTO audit_events (seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash,
                                  correlation_id, hash_version, canonical)
        VALUES (seq, p_occurred_at, p_actor_id, p_action, p_target_type, p_target_id, v_chain_seq,
                v_prev_hash, hash, p_correlation_id, 2, v_bytes);
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION audit_append(text, text, timestamptz, text, text, text, text, text, text)');
    await queryRunner.query('DROP TABLE "audit_verifications"');
    await queryRunner.query('DROP TABLE "audit_signing_keys"');
    await queryRunner.query('DROP INDEX "audit_checkpoint_heads_leaf_uq"');
    await queryRunner.query('ALTER TABLE "audit_checkpoint_heads" DROP COLUMN "leaf_index"');
    for (const column of ['statement', 'signature', 'key_id', 'frontier', 'root_hash', 'tree_size', 'version']) {
      await queryRunner.query(`ALTER TABLE "audit_checkpoints" DROP COLUMN "${column}"`);
    }
    await queryRunner.query('ALTER TABLE "audit_events" DROP COLUMN "canonical"');
    await queryRunner.query('ALTER TABLE "audit_events" DROP COLUMN "hash_version"');
  }
}
