-- One row per referral, its source as the team's canonical name ('ukendt' when unlisted), and
-- the days to the first held contact of the episode it led to (the quality standard).

with

referrals as (
    select * from {{ ref('stg_henvendelser') }}
),

sources as (
    select * from {{ ref('referral_sources') }}
),

outcomes as (
    select * from {{ ref('referral_outcomes') }}
),

contacts as (
    select * from {{ ref('fct_contacts') }}
),

first_contacts as (
    -- the first held contact of the episode a referral led to, on or after the referral's date
    select
        referrals.referral_id,
        min(contacts.contact_date) as first_contact_date
    from referrals
    inner join contacts
        on
            referrals.episode_id = contacts.episode_id
            and referrals.referral_date <= contacts.contact_date
            and contacts.is_held
    group by referrals.referral_id
),

final as (
    select
        referrals.referral_id,
        referrals.referral_date,
        referrals.citizen_id,
        coalesce(sources.code, 'ukendt') as referral_source,
        coalesce(outcomes.code, 'ukendt') as outcome,
        referrals.episode_id,
        first_contacts.first_contact_date - referrals.referral_date as days_to_first_contact,
        case
            when referrals.episode_id is null then 'intet_forloeb'
            when first_contacts.first_contact_date is not null then 'kontakt'
            else 'ingen_kontakt_endnu'
        end as first_contact_status
    from referrals
    left join sources
        on referrals.referral_source = sources.code
    left join outcomes
        on referrals.outcome = outcomes.code
    left join first_contacts
        on referrals.referral_id = first_contacts.referral_id
)

select * from final
