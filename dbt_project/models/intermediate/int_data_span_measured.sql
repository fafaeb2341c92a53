-- The first and last day the data speaks of: a referral, an episode's start or end, a contact
-- (whatever its status). How far the figures can reach, and what a period is compared with.
-- A table of one row, built once: the views that compute a requested period at query time
-- (int_periods_enumerated and everything on it) read it instead of scanning every contact.

{{ config(materialized='table') }}

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

contacts as (
    select * from {{ ref('stg_kontakter') }}
),

referrals as (
    select * from {{ ref('stg_henvendelser') }}
),

data_dates as (
    select start_date as data_date from episodes
    union all
    select end_date from episodes
    union all
    select contact_date from contacts
    union all
    select referral_date from referrals
),

final as (
    select
        min(data_date) as first_day,
        max(data_date) as last_day
    from data_dates
)

select * from final
