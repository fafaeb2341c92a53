-- The calendar years' rows of fct_citizens_in_period, built once: what a year's figures count.
-- With each citizen's held contacts in the year, counted here only (a requested period's
-- figure counts them from the contacts when asked: warehouse/kpis.py).

with

citizen_periods as (
    select * from {{ ref('fct_citizens_in_period') }}
),

held_contacts as (
    select * from {{ ref('int_contacts_counted_per_period') }}
),

years as (
    select * from citizen_periods
    where is_calendar_year
),

final as (
    select
        years.*,
        coalesce(held_contacts.held_contacts, 0) as held_contacts
    from years
    left join held_contacts
        on
            years.period_start = held_contacts.period_start
            and years.period_end = held_contacts.period_end
            and years.citizen_id = held_contacts.citizen_id
)

-- the columns are those of fct_citizens_in_period, and held_contacts
select * from final  -- noqa: AM04
