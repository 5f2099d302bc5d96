/**
 * Open311 GeoReport v2 intake ({@code /open311/v2}): citizen apps (a WeChat mini program, a city
 * app) list the services (our sub-categories), POST service requests and follow their status.
 *
 * <p>Design: there is no second intake. A POST is checked here ({@link cn.yiwang.open311.ServiceRequestReader},
 * parameters named as the spec names them) and becomes the same {@link cn.yiwang.cases.CaseRequest}
 * that {@code POST /api/cases} makes, created by {@link cn.yiwang.cases.CaseService#create} as the
 * synthetic caller {@code open311:<client id>} with source {@code citizen_app}; routing, duplicate
 * detection, deadlines and the audit entry are therefore the case workflow's own. Reads go straight
 * to {@code case_record} for the public columns only, so the reporter never reaches this package's
 * answers. JSON and XML are written from the same ordered maps ({@link cn.yiwang.open311.Open311Xml}).
 *
 * <p>Client apps are rows of {@code open311_client} with a hashed API key and a per-minute limit
 * (admin API {@code /api/admin/open311/clients}). Known limitation: the rate limits are token
 * buckets in memory, per server instance; with n instances a client may reach n times its limit.
 */
package cn.yiwang.open311;
