-- Each housing registration with the one before it, and the days it holds.

with

registrations as (
    select * from {{ ref('stg_boligsituation') }}
),

situations as (
    select * from {{ ref('housing_situations') }}
),

coded as (
    select
        registrations.citizen_id,
        registrations.registered_on,
        coalesce(situations.code, 'ukendt') as housing_situation,
        coalesce(situations.is_homeless, false) as is_homeless
    from registrations
    left join situations
        on registrations.housing_situation = situations.code
),

sequenced as (
    select
        *,
        lag(housing_situation) over by_date as previous_situation,
        lag(is_homeless) over by_date as previous_is_homeless,
        lead(registered_on) over by_date as next_registered_on
    from coded
    window by_date as (partition by citizen_id order by registered_on)
),

final as (
    select
        *,
        -- a registration holds until the day before the next one
        cast({{ dbt.dateadd('day', -1, 'next_registered_on') }} as date) as valid_until
    from sequenced
)

select * from final
