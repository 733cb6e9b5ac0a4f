// The session state machine: every transition the provider relies on, and the events it ignores.
import { describe, expect, it } from 'vitest';
import type { IncompleteSetup, OpenSession } from '../../src-renderer/session/account-service';
import { INITIAL_SESSION_MACHINE, sessionTransition, type SessionEvent, type SessionMachine } from '../../src-renderer/session/session-state';

// The machine never looks inside a session: stand-ins carrying the user id are enough.
const session = (userId: string): OpenSession => ({ user: { userId } }) as unknown as OpenSession;
const incomplete = (userId: string): IncompleteSetup => ({ status: 'incomplete', userId }) as unknown as IncompleteSetup;

const run = (...events: SessionEvent[]): SessionMachine => events.reduce(sessionTransition, INITIAL_SESSION_MACHINE);

describe('session state machine', () => {
  it('opens to the first run on an empty PC, or to the sign-in screen', () => {
    expect(run({ type: 'opened', users: [] }).state).toEqual({ status: 'first-run' });
    expect(run({ type: 'opened', users: ['ana'] }).state).toEqual({ status: 'locked', users: ['ana'] });
    expect(run({ type: 'open-failed', detail: 'VersionError' }).state).toEqual({ status: 'unavailable', detail: 'VersionError' });
  });

  it('first run → signed in → locked shows the new user on the sign-in screen, at once', () => {
    const m = run({ type: 'opened', users: [] }, { type: 'signed-in', session: session('rosa') }, { type: 'locked', reason: 'user' });
    expect(m.state).toEqual({ status: 'locked', users: ['rosa'], reason: 'user' });
  });

  it('every sign-in gets a new generation, so screens of the last user are remounted', () => {
    const m1 = run({ type: 'opened', users: ['ana', 'rosa'] }, { type: 'signed-in', session: session('rosa') });
    expect(m1.state).toMatchObject({ status: 'unlocked', generation: 1 });
    const m2 = [{ type: 'locked', reason: 'idle' } as const, { type: 'signed-in', session: session('ana') } as const].reduce(sessionTransition, m1);
    expect(m2.state).toMatchObject({ status: 'unlocked', generation: 2 });
    expect(m2.state.status === 'unlocked' ? m2.state.session.user.userId : '').toBe('ana');
  });

  it('an auto-lock says why on the sign-in screen', () => {
    const m = run({ type: 'opened', users: ['ana'] }, { type: 'signed-in', session: session('ana') }, { type: 'locked', reason: 'idle' });
    expect(m.state).toEqual({ status: 'locked', users: ['ana'], reason: 'idle' });
  });

  it('an interrupted first run can be finished (signed in) or locked', () => {
    const m = run({ type: 'opened', users: [] }, { type: 'setup-incomplete', setup: incomplete('rosa') });
    expect(m.state).toMatchObject({ status: 'incomplete', generation: 1 });
    expect(sessionTransition(m, { type: 'signed-in', session: session('rosa') }).state).toMatchObject({ status: 'unlocked', generation: 2 });
    expect(sessionTransition(m, { type: 'locked', reason: 'idle' }).state).toEqual({ status: 'locked', users: ['rosa'], reason: 'idle' });
  });

  it('keeps the list of users current, and shows it when locked', () => {
    const unlocked = run({ type: 'opened', users: ['rosa'] }, { type: 'signed-in', session: session('rosa') }, { type: 'users-changed', users: ['ana', 'rosa'] });
    expect(unlocked.state.status).toBe('unlocked');
    expect(sessionTransition(unlocked, { type: 'locked', reason: 'user' }).state).toEqual({ status: 'locked', users: ['ana', 'rosa'], reason: 'user' });
  });

  it('ignores events that make no sense in the current state', () => {
    const locked = run({ type: 'opened', users: ['ana'] });
    expect(sessionTransition(locked, { type: 'locked', reason: 'user' })).toBe(locked);
    expect(sessionTransition(locked, { type: 'opened', users: [] })).toBe(locked);
    expect(sessionTransition(locked, { type: 'open-failed', detail: 'x' })).toBe(locked);
    const opening = INITIAL_SESSION_MACHINE;
    expect(sessionTransition(opening, { type: 'signed-in', session: session('ana') })).toBe(opening);
    const unlocked = sessionTransition(locked, { type: 'signed-in', session: session('ana') });
    expect(sessionTransition(unlocked, { type: 'signed-in', session: session('rosa') })).toBe(unlocked);
  });
});
