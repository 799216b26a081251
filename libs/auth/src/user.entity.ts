import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { Role } from '@app/core';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pk' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Stored lower-cased; unique across the desk. */
  @Index('users_email_uq', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** argon2id hash (PHC string); null until the person sets a password through an invitation. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
