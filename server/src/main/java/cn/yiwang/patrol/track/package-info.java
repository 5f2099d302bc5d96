/**
 * Reading patrol tracks back: a worker's fixes of a day or range for the console's playback (compact
 * parallel arrays, or GPX), and today's tracks simplified for the big screen. Who may read whose
 * track is {@link cn.yiwang.patrol.track.TrackAccess} (own track; desk roles for the workers of their
 * scope; nobody else), and every read is audited with whose track and which days.
 */
package cn.yiwang.patrol.track;
