namespace Kechuang.Applications.Domain;

/// <summary>What an application asks to become.</summary>
public enum PilotKind
{
    /// <summary>试点单位 (附件1): a school, museum, training institution, education base…</summary>
    PilotUnit,

    /// <summary>试点城市 (附件2): a city science association.</summary>
    PilotCity,
}
