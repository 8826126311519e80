import { randomUUID } from 'node:crypto';
import { TEAM_STREAM, type Role, type User } from '../../shared';
import type { Queryable } from '../storage/database';
import { isUniqueViolation } from '../storage/database';
import { toUser, type UserRow } from '../storage/rows';
import type { ChangeFeed } from '../sync/change-feed';
import { hashPassword } from './passwords';

export interface NewUser {
  name: string;
  displayName?: string | undefined;
  role: Role;
  password: string;
  /** Fixed ids for demo accounts; random otherwise. */
  id?: string | undefined;
}

export class UserExistsError extends Error {
  constructor(name: string) {
    super(`A user named "${name}" already exists`);
    this.name = 'UserExistsError';
  }
}

/** Creates a user and publishes it on the team stream. */
export async function createUser(feed: ChangeFeed, input: NewUser): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await feed.write(async ({ tx, append }) => {
      const [row] = await tx.query<UserRow>(
        `INSERT INTO users (id, name, display_name, role, password_hash)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [input.id ?? randomUUID(), input.name, input.displayName ?? input.name, input.role, passwordHash],
      );
      if (!row) throw new Error('user insert returned nothing');
      const user = toUser(row);
      await append(TEAM_STREAM, [{ entity: 'user', data: user }]);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserExistsError(input.name);
    throw error;
  }
}

export async function findUserByName(db: Queryable, name: string): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>('SELECT * FROM users WHERE lower(name) = lower($1)', [name]);
  return row ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  return row ?? null;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const rows = await db.query<UserRow>('SELECT * FROM users ORDER BY name');
  return rows.map(toUser);
}
