namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Every problem <c>code</c> the platform answers with, explained in Chinese and English: when it
/// happens and what to do. Each problem's <c>type</c> is the URL of its page here
/// (<c>/docs/problems/&lt;code&gt;</c>, served by the gateway).
/// </summary>
public static class ProblemCatalog
{
    public const string PagePrefix = "/docs/problems/";

    public sealed record Entry(string Code, int Status, string Chinese, string English);

    public static string TypeFor(string code) => PagePrefix + code;

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("validation_failed", 400, "请求内容不符合要求：errors 列出每个字段及原因。按提示改正后重发。", "The request is invalid: errors names each field and why. Fix them and send it again."),
        new("bad_request", 400, "请求无法理解（格式、参数或报文有误）。检查请求后重发。", "The request could not be understood (format, parameter or body). Check it and send it again."),
        new("unauthenticated", 401, "没有凭据，或 API 密钥、令牌未知、已吊销或已过期。提供有效的 X-Api-Key 或 Bearer 令牌。", "No credentials, or the API key or token is unknown, revoked or expired. Send a valid X-Api-Key or bearer token."),
        new("invalid_credentials", 401, "用户名或密码错误。请核对后重试；多次失败会暂时锁定。", "Wrong username or password. Check them and retry; repeated failures lock the account for a while."),
        new("forbidden", 403, "您的角色或范围（省份、机构、专家）不允许此操作。请使用有权限的账号。", "Your role or scope (province, organisation, expert) does not allow this. Use an account that may."),
        new("account_disabled", 403, "该员工账号已停用。请联系管理员。", "This staff account is disabled. Ask an administrator."),
        new("not_found", 404, "记录不存在，或您无权查看。检查编号与您的范围。", "No such record, or none you may see. Check the id and your scope."),
        new("route_not_found", 404, "没有这个接口。请查阅 /openapi/v1.json。", "No such route. See /openapi/v1.json."),
        new("method_not_allowed", 405, "该接口不支持此 HTTP 方法。", "The route does not take this HTTP method."),
        new("not_acceptable", 406, "无法以 Accept 要求的格式应答。请接受 application/json。", "The answer cannot be given in the format Accept asks for. Accept application/json."),
        new("invalid_state", 409, "记录当前状态不允许此操作（如审核通过前发布、提交后修改）。先读取记录，按其状态操作。", "The record's current state does not allow this (publishing before approval, editing after submission…). Read the record and act on its state."),
        new("concurrency_conflict", 409, "另一个请求同时修改了该记录并先完成。重新读取后重试。", "Another request changed the record at the same time and won. Read it again and retry."),
        new("conflict", 409, "请求与记录的当前状态冲突。重新读取后重试。", "The request conflicts with the record's current state. Read it again and retry."),
        new("already_exists", 409, "同一编号的记录已存在。", "A record with this id already exists."),
        new("already_enrolled", 409, "该教师已报名本课程。", "This teacher is already enrolled in the course."),
        new("quota_exceeded", 409, "本省在本次申报中推荐的试点城市已达名额上限（cityQuotaPerProvince）。", "The province has already recommended as many pilot cities in this call as its quota allows (cityQuotaPerProvince)."),
        new("double_booked", 409, "该专家在此时段已有拟定或已确认的活动。请换一个时段或专家。", "The expert already has a proposed or confirmed visit in this slot. Choose another slot or expert."),
        new("monthly_capacity_reached", 409, "该专家本月可承担的活动次数已满。", "The expert's visits for this month are at their capacity."),
        new("rebuild_in_progress", 409, "该投影正在重建。等待完成后再试。", "The projection is being rebuilt. Wait for it to finish."),
        new("username_taken", 409, "用户名已被使用。请换一个。", "The username is taken. Choose another."),
        new("precondition_failed", 412, "If-Match 中的版本已过期：记录在您读取后已改变。重新读取，用新的 ETag 重试。", "The If-Match version is stale: the record changed since you read it. Read it again and retry with the new ETag."),
        new("payload_too_large", 413, "请求体超过上限。", "The request body is larger than allowed."),
        new("uri_too_long", 414, "请求地址（路径与查询参数）超过 8 KiB。请缩短查询条件，长内容放在请求体中。", "The request target (path and query) is longer than 8 KiB. Shorten the query; send long values in a body."),
        new("unsupported_media_type", 415, "不支持的 Content-Type 或字符集。JSON 请使用 application/json（UTF-8）。", "Unsupported Content-Type or charset. Send JSON as application/json in UTF-8."),
        new("file_type_mismatch", 415, "上传文件的内容与声明的类型不符。请上传 PDF、PNG 或 JPEG 的盖章扫描件。", "The uploaded file's bytes do not match its declared type. Upload the sealed scan as PDF, PNG or JPEG."),
        new("idempotency_key_reused", 422, "同一 Idempotency-Key 用于了不同的请求体。每个不同的请求使用新的键。", "The Idempotency-Key was used with a different body. Use a new key for each different request."),
        new("call_not_open", 422, "申报通知未在申报期内。", "The call is not open for applications."),
        new("deadline_passed", 422, "申报截止时间已过。", "The call's deadline has passed."),
        new("declaration_required", 422, "提交前须确认申报声明（declaration: true）。", "Submitting needs the declaration confirmed (declaration: true)."),
        new("seal_scan_missing", 422, "提交前须上传盖章扫描件。", "Submitting needs the sealed scan uploaded first."),
        new("expert_not_vetted", 422, "该专家尚未通过审核。", "The expert has not been approved."),
        new("trainer_not_in_pool", 422, "课程只能指定已审核、标记为培训师的专家。", "A course can name only vetted experts flagged as trainers."),
        new("unknown_base", 422, "培训基地不存在。", "No such training base."),
        new("enrolment_closed", 422, "课程报名已结束。", "Enrolment for the course is closed."),
        new("attendance_insufficient", 422, "出勤次数未达到课程要求（requiredSessions）。", "Attendance is below the course's requiredSessions."),
        new("session_not_started", 422, "该课次尚未开始，不能记录出勤。请在课次开始后再记录。", "The session has not started yet: attendance is recorded once it has begun."),
        new("course_not_finished", 422, "课程最后一次课尚未开始，不能结业。请在最后一次课开始后再办理。", "The course's last session has not started yet: completion is recorded after it has begun."),
        new("part_not_applicable", 422, "该等级的认证没有这一考核部分。", "This certification level has no such assessed part."),
        new("assessment_incomplete", 422, "尚有必须的考核部分未评分。", "A required part has not been scored yet."),
        new("assessment_failed", 422, "有考核部分低于 60 分，不能认证。", "A part scored below 60: the certification cannot be granted."),
        new("delivered_in_future", 422, "交付时间不能晚于现在。", "A delivery cannot be recorded in the future."),
        new("province_not_in_campaign", 422, "该活动不覆盖此省份。", "The campaign does not reach this province."),
        new("date_outside_campaign", 422, "活动日期不在活动周期内。", "The activity's date is outside the campaign's dates."),
        new("activity_in_future", 422, "只记录已举办的活动。", "Only activities already held are recorded."),
        new("webhook_url_not_allowed", 422, "Webhook 地址必须是公网上的 https 地址。", "A webhook URL must be https on the public internet."),
        new("webhook_limit_reached", 422, "每个所有者最多 20 个 webhook。请先删除不用的。", "An owner has at most 20 webhooks. Delete one you no longer use."),
        new("account_locked", 423, "密码错误次数过多，账号在此地址暂时锁定。请稍后再试（Retry-After）。", "Too many wrong passwords: sign-in from this address is locked for a while. Retry after Retry-After."),
        new("rate_limited", 429, "请求过于频繁。等待 Retry-After 秒后再试。", "Too many requests. Wait Retry-After seconds and retry."),
        new("idempotency_request_in_progress", 409, "使用同一 Idempotency-Key 的请求仍在处理中。稍后重试。", "A request with the same Idempotency-Key is still being handled. Retry shortly."),
        new("client_closed_request", 499, "客户端在应答前关闭了连接。", "The client closed the connection before the answer."),
        new("internal_error", 500, "平台内部错误。请附上 correlationId 联系我们。", "Our fault. Quote the correlationId when you contact us."),
        new("error", 500, "未归类的错误。请附上 correlationId 联系我们。", "An error without a more specific code. Quote the correlationId when you contact us."),
        new("rebuild_not_started", 503, "当前没有副本运行该投影（守护进程的主副本正在切换或尚未选出），重建请求已撤回、不会执行。稍后重试。", "No replica runs the projection now (the daemon's lead is changing hands or not yet taken): the rebuild was withdrawn and will not run. Retry shortly."),
        new("rebuild_still_running", 504, "重建仍在运行投影的副本上进行，完成后结果会记录。用 ./kechuang ops backlog 查看其进度。", "The rebuild is still running on the replica that runs the projection; its outcome is recorded when done. Follow its position with ./kechuang ops backlog."),
        new("unavailable", 503, "服务暂时不可用。稍后重试。", "The service is unavailable for now. Retry later."),
    ];

    private static readonly Dictionary<string, Entry> ByCode = All.ToDictionary(e => e.Code, StringComparer.Ordinal);

    public static Entry? Find(string code) => ByCode.GetValueOrDefault(code);
}
