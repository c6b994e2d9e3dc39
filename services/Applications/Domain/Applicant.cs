namespace Kechuang.Applications.Domain;

/// <summary>The applying organisation as the official forms (附件1, 附件2) describe it.</summary>
public sealed record Applicant(
    string Name, ApplicantType Type, string Province, string City, string? County, string Address,
    string ContactName, string Phone, string Email);

/// <summary>Who may apply: schools, science venues, training institutions, bases, city associations, others.</summary>
public enum ApplicantType
{
    /// <summary>小学.</summary>
    PrimarySchool,

    /// <summary>中学.</summary>
    SecondarySchool,

    /// <summary>科普场馆.</summary>
    ScienceMuseum,

    /// <summary>科技类校外培训机构.</summary>
    TrainingInstitution,

    /// <summary>科普教育基地.</summary>
    ScienceEducationBase,

    /// <summary>市科协: the only applicant a pilot city application (附件2) accepts.</summary>
    CityAssociation,

    Other,
}
