/**
 * The live event stream ({@code GET /api/live}, Server-Sent Events) and instructions to grid workers
 * (指令下达, {@code /api/instructions}).
 *
 * <p>Design: every event is first appended to the {@code live_event} table ({@link LiveEventLog}),
 * whose id is the SSE {@code id:}; the appending transaction NOTIFYs only that id. Every instance,
 * including the one that appended, LISTENs on a dedicated connection ({@link LiveListener}), reads
 * the rows after the last id it saw, and hands them to its local streams ({@link LiveHub}). The
 * table is both the replay source for {@code Last-Event-ID} and the recovery path after a lost
 * database connection, so a stream sees every event once, in id order. Writers serialise on an
 * advisory lock so ids commit in order and "after id n" never skips a late commit.
 */
package cn.yiwang.live;
