-- One row per citizen seen anywhere in the export, with their characteristics coded.
-- Blank, missing (no borgere row) or unlisted codes are 'ukendt' (kpis.md).

with

citizens as (
    select * from {{ ref('stg_borgere') }}
),

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

contacts as (
    select * from {{ ref('stg_kontakter') }}
),

referrals as (
    select * from {{ ref('stg_henvendelser') }}
),

housing as (
    select * from {{ ref('stg_boligsituation') }}
),

genders as (
    select * from {{ ref('genders') }}
),

civil_statuses as (
    select * from {{ ref('civil_statuses') }}
),

income_sources as (
    select * from {{ ref('income_sources') }}
),

all_citizen_ids as (
    select citizen_id from citizens
    union
    select citizen_id from episodes
    union
    select citizen_id from contacts
    union
    select citizen_id from referrals
    where citizen_id is not null
    union
    select citizen_id from housing
),

anonymous_by_episode as (
    select
        citizen_id,
        bool_or(coalesce(is_anonymous, false)) as has_anonymous_episode
    from episodes
    group by citizen_id
),

final as (
    select
        all_citizen_ids.citizen_id,
        citizens.citizen_id is not null as has_master_record,
        coalesce(genders.code, 'ukendt') as gender,
        citizens.birth_year,
        coalesce(civil_statuses.code, 'ukendt') as civil_status,
        citizens.lives_alone,
        coalesce(income_sources.code, 'ukendt') as income_source,
        coalesce(citizens.problems, []) as problems,
        case
            when
                list_contains(citizens.problems, 'misbrug')
                and list_contains(citizens.problems, 'psykisk')
                then 'dobbeltdiagnose'
            when list_contains(citizens.problems, 'misbrug') then 'misbrug'
            when list_contains(citizens.problems, 'psykisk') then 'psykisk'
            else 'andet'
        end as problem_group,
        coalesce(citizens.district, 'ukendt') as district,
        all_citizen_ids.citizen_id like 'ANON-%'
        or coalesce(anonymous_by_episode.has_anonymous_episode, false) as is_anonymous
    from all_citizen_ids
    left join citizens
        on all_citizen_ids.citizen_id = citizens.citizen_id
    left join anonymous_by_episode
        on all_citizen_ids.citizen_id = anonymous_by_episode.citizen_id
    left join genders
        on citizens.gender = genders.code
    left join civil_statuses
        on citizens.civil_status = civil_statuses.code
    left join income_sources
        on citizens.income_source = income_sources.code
)

select * from final
