import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appends an audit event in one round trip. AuditService.append sends the event's RFC 8785
 * serialisation in three parts around the chain link (see canonicalEventParts); this function takes the
 * target's chain lock, reads the head, draws the seq, hashes the serialisation with the link spliced in
 * (sha256, hex: the same bytes and the same hash as hashEvent in Node) and inserts the row.
 *
 * As in audit_next_link, the head is read by its own statement after the lock is granted: PL/pgSQL takes
 * a fresh snapshot per statement under READ COMMITTED, so it sees the head committed by the previous
 * holder of the lock. A single SQL statement would read the head from a snapshot older than the lock.
 */
export class AuditAppendOneStatement1795827000000 implements MigrationInterface {
  name = 'AuditAppendOneStatement1795827000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_append(p_target_type text, p_target_id text, p_occurred_at timestamptz, p_actor_id text,
                                   p_action text, p_before jsonb, p_after jsonb, p_correlation_id text,
                                   p_canonical_head text, p_canonical_mid text, p_canonical_tail text,
                                   OUT event_seq bigint, OUT event_hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_chain_seq integer;
        v_prev_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_target_type || ':' || p_target_id, 0));
        SELECT e.chain_seq + 1, e.hash INTO v_chain_seq, v_prev_hash
          FROM audit_events e
         WHERE e.target_type = p_target_type AND e.target_id = p_target_id
         ORDER BY e.chain_seq DESC LIMIT 1;
        IF v_chain_seq IS NULL THEN
          v_chain_seq := 1;
        END IF;
        event_seq := nextval(pg_get_serial_sequence('audit_events', 'seq'));
        event_hash := encode(sha256(convert_to(
          p_canonical_head || v_chain_seq::text || p_canonical_mid || COALESCE(to_json(v_prev_hash)::text, 'null')
            || ',"seq":' || event_seq::text || p_canonical_tail, 'UTF8')), 'hex');
        INSERT INTO audit_events (seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, before, after, correlation_id)
        VALUES (event_seq, p_occurred_at, p_actor_id, p_action, p_target_type, p_target_id, v_chain_seq, v_prev_hash, event_hash,
                p_before, p_after, p_correlation_id);
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION audit_append(text, text, timestamptz, text, text, jsonb, jsonb, text, text, text, text)');
  }
}
