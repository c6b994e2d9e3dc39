namespace Kechuang.Resources.Domain;

public enum ResourceKind
{
    /// <summary>活动指南</summary>
    ActivityGuide,
    Course,
    Video,
    /// <summary>科创项目式学习优秀活动案例: compiled yearly into the case collection.</summary>
    Case,
    Toolkit,
    Article,
}

public enum ResourceFormat
{
    Online,
    Offline,
    Blended,
}

public enum ResourceStatus
{
    Submitted,
    ChangesRequested,
    Approved,
    Rejected,
    Published,
    Archived,
}

public enum ReviewDecision
{
    Approve,
    Reject,
    RequestChanges,
}
