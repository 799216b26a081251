import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API replicas cache resolved tokens and sessions in memory. Every change that can end or narrow what a
 * credential grants (a token or session revoked, expired earlier, deleted; a user's roles changed or the
 * user disabled) is announced on the `factcheck_credentials` channel with the user's id, by a trigger,
 * so no write path can forget it; PostgreSQL delivers it at commit to every replica's LISTEN connection.
 * A TRUNCATE announces '*' (drop everything).
 */
export class CredentialChangeNotifications1795833800000 implements MigrationInterface {
  name = 'CredentialChangeNotifications1795833800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('factcheck_credentials', '*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('factcheck_credentials', OLD.id::text);
        ELSE
          PERFORM pg_notify('factcheck_credentials', OLD.user_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, columns] of [
      ['users', 'roles, disabled_at'],
      ['api_tokens', 'user_id, token_hash, expires_at, revoked_at'],
      ['sessions', 'user_id, secret_hash, csrf_token, expires_at, revoked_at'],
    ] as const) {
      await queryRunner.query(`CREATE TRIGGER ${table}_credentials_changed AFTER UPDATE OF ${columns} OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION credentials_changed()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_credentials_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'api_tokens', 'sessions']) {
      await queryRunner.query(`DROP TRIGGER ${table}_credentials_truncated ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_credentials_changed ON ${table}`);
    }
    await queryRunner.query('DROP FUNCTION credentials_changed()');
  }
}
