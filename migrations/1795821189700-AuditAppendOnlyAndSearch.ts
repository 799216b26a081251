import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What entities cannot express: the audit tables refuse UPDATE, DELETE and TRUNCATE at the database
 * (so neither a bug nor a stray psql session can rewrite history), the per-target chain link function,
 * and the trigram index for claim text search.
 */
export class AuditAppendOnlyAndSearch1795821189700 implements MigrationInterface {
  name = 'AuditAppendOnlyAndSearch1795821189700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_checkpoints', 'audit_checkpoint_heads']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
      );
    }
    // Locks one target's chain (an advisory lock keyed by the target, held to commit) and returns the
    // next link. PL/pgSQL takes a fresh snapshot per statement under READ COMMITTED, so the SELECT sees
    // the head committed by whoever held the lock before us.
    await queryRunner.query(`
      CREATE FUNCTION audit_next_link(p_target_type text, p_target_id text,
                                      OUT next_seq bigint, OUT next_chain_seq integer, OUT prev_hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_target_type || ':' || p_target_id, 0));
        SELECT e.chain_seq + 1, e.hash INTO next_chain_seq, prev_hash
          FROM audit_events e
         WHERE e.target_type = p_target_type AND e.target_id = p_target_id
         ORDER BY e.chain_seq DESC LIMIT 1;
        IF next_chain_seq IS NULL THEN
          next_chain_seq := 1;
        END IF;
        next_seq := nextval(pg_get_serial_sequence('audit_events', 'seq'));
      END $$`);
    await queryRunner.query(
      'CREATE INDEX audit_checkpoint_heads_target_idx ON audit_checkpoint_heads (target_type, target_id, checkpoint_seq DESC)',
    );
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE INDEX claims_statement_trgm_idx ON claims USING gin (statement gin_trgm_ops)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX claims_statement_trgm_idx');
    await queryRunner.query('DROP INDEX audit_checkpoint_heads_target_idx');
    await queryRunner.query('DROP FUNCTION audit_next_link(text, text)');
    for (const table of ['audit_events', 'audit_checkpoints', 'audit_checkpoint_heads']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_delete ON ${table}`);
    }
    await queryRunner.query('DROP FUNCTION audit_refuse_change()');
  }
}
