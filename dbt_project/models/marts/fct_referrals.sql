-- One row per referral, its source as the team's canonical name ('ukendt' when unlisted).

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

final as (
    select
        referrals.referral_id,
        referrals.referral_date,
        referrals.citizen_id,
        coalesce(sources.code, 'ukendt') as referral_source,
        coalesce(outcomes.code, 'ukendt') as outcome,
        referrals.episode_id
    from referrals
    left join sources
        on referrals.referral_source = sources.code
    left join outcomes
        on referrals.outcome = outcomes.code
)

select * from final
